/** GPT-2's byte → printable-character map, which byte-level BPE vocabularies are written in. */
export function byteLevelAlphabet(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const chars = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) chars[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  return chars;
}

/** A text as a byte-level BPE vocabulary spells it ("Hola soy" → "HolaĠsoy"). */
export function toByteLevel(text: string): string {
  const alphabet = byteLevelAlphabet();
  return [...Buffer.from(text, 'utf8')].map((b) => alphabet[b]).join('');
}
