/** Hosts of Hugging Face itself; any other Hub address is a mirror the user chose to trust. */
const hubHosts = new Set(['huggingface.co', 'hf.co']);

/** Names that always mean this computer, so plain http to them never crosses a network. */
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What these rules read of an address. */
interface UrlParts {
  readonly protocol: string;
  readonly hostname: string;
}

/**
 * The WHATWG URL parser that Node and every browser provide; declared here because src/shared
 * compiles without Node's or the DOM's types.
 */
declare const URL: new (url: string) => UrlParts;

function parse(url: UrlParts | string): UrlParts | null {
  if (typeof url !== 'string') return url;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isLoopbackUrl(url: UrlParts | string): boolean {
  const parsed = parse(url);
  return parsed !== null && loopbackHosts.has(parsed.hostname.toLowerCase());
}

/**
 * The Hugging Face token may travel over https, or over plain http only to this computer: anywhere
 * else plain http shows it to everyone on the way. Main checks this wherever it adds the header.
 */
export function mayCarryToken(url: UrlParts | string): boolean {
  const parsed = parse(url);
  if (parsed === null) return false;
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackUrl(parsed));
}

/** Why a Hub address deserves an explicit confirmation before it is saved, or null when it does not. */
export type HubAddressRisk = 'insecure' | 'other-host';

export function hubAddressRisk(url: UrlParts | string): HubAddressRisk | null {
  const parsed = parse(url);
  if (parsed === null) return null;
  if (parsed.protocol !== 'https:') return 'insecure';
  return hubHosts.has(parsed.hostname.toLowerCase()) ? null : 'other-host';
}
