import { describe, expect, it } from 'vitest';
import { hubAddressRisk, mayCarryToken } from './hub-address';

describe('Hub address rules', () => {
  it('lets the token travel over https, or over plain http only to this computer', () => {
    for (const ok of ['https://huggingface.co/x', 'https://mirror.example/x', 'http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]:9/x']) {
      expect(mayCarryToken(ok)).toBe(true);
    }
    for (const no of ['http://huggingface.co/x', 'http://mirror.example/x', 'http://0.0.0.0:8080/x', 'http://192.168.1.5/x', 'ftp://localhost/x', 'not a url']) {
      expect(mayCarryToken(no)).toBe(false);
    }
  });

  it('asks for confirmation of any address that is not https to Hugging Face itself', () => {
    expect(hubAddressRisk('https://huggingface.co')).toBeNull();
    expect(hubAddressRisk('https://HF.co/')).toBeNull();
    expect(hubAddressRisk('https://hf-mirror.com')).toBe('other-host');
    expect(hubAddressRisk('http://huggingface.co')).toBe('insecure');
    expect(hubAddressRisk('http://127.0.0.1:8080')).toBe('insecure');
  });
});
