import { describe, expect, it } from 'vitest';
import { looksLikeCode } from './looks-like-code';

describe('looksLikeCode', () => {
  it('spots code and requests for code in Spanish and English, not prose', () => {
    expect(looksLikeCode('crea un componente base en ReactJS con Formik para el inicio de sesión')).toBe(true);
    expect(looksLikeCode('def fibonacci(n):')).toBe(true);
    expect(looksLikeCode('<div className="login">')).toBe(true);
    expect(looksLikeCode('Write a Python script that renames files')).toBe(true);
    expect(looksLikeCode('Érase una vez, en un pueblo de Castilla,')).toBe(false);
    expect(looksLikeCode('Dear Ana, thank you for the letter')).toBe(false);
  });
});
