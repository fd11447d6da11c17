import { describe, expect, it } from 'vitest';
import { matchShortcut, neighbourChat, type KeyInput } from './shortcuts';

const key = (overrides: Partial<KeyInput>): KeyInput => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  inTextField: false,
  ...overrides,
});

describe('keyboard shortcuts', () => {
  it('match the documented keys, with Command standing for Ctrl', () => {
    expect(matchShortcut(key({ key: 'n', code: 'KeyN', altKey: true }))).toBe('newChat');
    // A Mac keyboard types a dead key with Option+N: the physical key decides.
    expect(matchShortcut(key({ key: 'Dead', code: 'KeyN', altKey: true }))).toBe('newChat');
    expect(matchShortcut(key({ key: 'k', ctrlKey: true }))).toBe('searchChats');
    expect(matchShortcut(key({ key: 'k', metaKey: true }))).toBe('searchChats');
    expect(matchShortcut(key({ key: 'Escape', shiftKey: true, inTextField: true }))).toBe('focusComposer');
    expect(matchShortcut(key({ key: '/' }))).toBe('focusComposer');
    expect(matchShortcut(key({ key: 'ArrowUp', altKey: true }))).toBe('previousChat');
    expect(matchShortcut(key({ key: 'ArrowDown', altKey: true, inTextField: true }))).toBe('nextChat');
    expect(matchShortcut(key({ key: '?', shiftKey: true }))).toBe('help');
    expect(matchShortcut(key({ key: '/', code: 'Slash', ctrlKey: true, inTextField: true }))).toBe('help');
  });

  it('leave single keys to the text while typing, and leave the browser its own shortcuts', () => {
    expect(matchShortcut(key({ key: '/', inTextField: true }))).toBeNull();
    expect(matchShortcut(key({ key: '?', shiftKey: true, inTextField: true }))).toBeNull();
    expect(matchShortcut(key({ key: 'n', code: 'KeyN', ctrlKey: true }))).toBeNull();
    expect(matchShortcut(key({ key: 'O', code: 'KeyO', ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(matchShortcut(key({ key: 'Escape' }))).toBeNull();
    expect(matchShortcut(key({ key: 'a' }))).toBeNull();
  });

  it('step through the chats in sidebar order, wrapping at the ends', () => {
    const order = ['a', 'b', 'c'];
    expect(neighbourChat(order, 'b', 1)).toBe('c');
    expect(neighbourChat(order, 'c', 1)).toBe('a');
    expect(neighbourChat(order, 'a', -1)).toBe('c');
    expect(neighbourChat(order, null, 1)).toBe('a');
    expect(neighbourChat(order, null, -1)).toBe('c');
    expect(neighbourChat([], 'a', 1)).toBeNull();
  });
});
