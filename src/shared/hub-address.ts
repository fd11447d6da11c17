/** Hosts of Hugging Face itself; any other Hub address is a mirror the user chose to trust. */
const hubHosts = new Set(['huggingface.co', 'hf.co']);

/** Names that always mean this computer, so plain http to them never crosses a network. */
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: URL | string): URL | null {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isLoopbackUrl(url: URL | string): boolean {
  const parsed = parse(url);
  return parsed !== null && loopbackHosts.has(parsed.hostname.toLowerCase());
}

/**
 * The Hugging Face token may travel over https, or over plain http only to this computer: anywhere
 * else plain http shows it to everyone on the way. Main checks this wherever it adds the header.
 */
export function mayCarryToken(url: URL | string): boolean {
  const parsed = parse(url);
  if (parsed === null) return false;
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackUrl(parsed));
}

/** Why a Hub address deserves an explicit confirmation before it is saved, or null when it does not. */
export type HubAddressRisk = 'insecure' | 'other-host';

export function hubAddressRisk(url: URL | string): HubAddressRisk | null {
  const parsed = parse(url);
  if (parsed === null) return null;
  if (parsed.protocol !== 'https:') return 'insecure';
  return hubHosts.has(parsed.hostname.toLowerCase()) ? null : 'other-host';
}
