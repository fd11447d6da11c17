import { describe, expect, it } from 'vitest';
import { searchTerms, snippetOf } from './search-snippet';

const shown = (snippet: string) => snippet.replace(/\uE000/g, '[').replace(/\uE001/g, ']');

describe('search snippets', () => {
  it('splits a search into words as the index does: accents, case and punctuation ignored', () => {
    expect(searchTerms('Córdoba, ¿FUNCIÓN? córdoba "x"')).toEqual(['cordoba', 'funcion', 'x']);
    expect(searchTerms('  -- ')).toEqual([]);
  });

  it('marks every word that starts with a search word, and keeps the text between them', () => {
    expect(shown(snippetOf('En Córdoba, los patios de mayo son famosos.', searchTerms('cordoba patio')))).toBe('En [Córdoba], los [patios] de mayo son famosos.');
    // The start of a word only: "conver" finds "conversación", not "reconversión".
    expect(shown(snippetOf('Una conversación sobre la reconversión', searchTerms('conver')))).toBe('Una [conversación] sobre la reconversión');
  });

  it('shows the stretch of a long message with the most different words found, a few words before the first', () => {
    const filler = (n: number, w: string) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');
    const text = `${filler(30, 'a')} paella aquí ${filler(30, 'b')} paella con receta de la abuela ${filler(30, 'c')}`;
    expect(shown(snippetOf(text, searchTerms('paella receta')))).toBe('…b27 b28 b29 [paella] con [receta] de la abuela c0 c1 c2…');
    // At the start of the message: nothing before it is cut.
    expect(shown(snippetOf(`¿Paella? ${filler(20, 'x')}`, searchTerms('paella')))).toBe('¿[Paella]? x0 x1 x2 x3 x4 x5 x6 x7 x8 x9 x10…');
  });

  it('never passes on the marks themselves from a message', () => {
    expect(shown(snippetOf('uno \uE000dos\uE001 tres', searchTerms('tres')))).toBe('uno dos [tres]');
  });
});
