import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTestEnvironment } from '../../test/setup';
import { useAppStore } from '../../store/state';
import { Toasts } from './Toasts';

describe('error toasts', () => {
  useTestEnvironment();
  beforeEach(() => {
    vi.useFakeTimers();
    useAppStore.setState({ toasts: [{ id: 1, error: { code: 'INTERNAL', message: 'Something broke', params: { reason: 'unexpected', detail: 'Something broke' } } }] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const toast = () => screen.queryByTestId('error-toast');

  it('go after 8 seconds when left alone', () => {
    render(<Toasts />);
    act(() => vi.advanceTimersByTime(7_900));
    expect(toast()).not.toBeNull();
    act(() => vi.advanceTimersByTime(200));
    expect(toast()).toBeNull();
  });

  it('stay while the pointer is over them, then use only the time that was left', () => {
    render(<Toasts />);
    act(() => vi.advanceTimersByTime(5_000));
    fireEvent.mouseEnter(toast() as HTMLElement);
    act(() => vi.advanceTimersByTime(60_000));
    expect(toast()).not.toBeNull();
    fireEvent.mouseLeave(toast() as HTMLElement);
    act(() => vi.advanceTimersByTime(2_900));
    expect(toast()).not.toBeNull();
    act(() => vi.advanceTimersByTime(200));
    expect(toast()).toBeNull();
  });

  it('stay while focus is inside them', () => {
    render(<Toasts />);
    const dismiss = screen.getByRole('button', { name: 'Dismiss' });
    act(() => dismiss.focus());
    act(() => vi.advanceTimersByTime(60_000));
    expect(toast()).not.toBeNull();
    act(() => dismiss.blur());
    act(() => vi.advanceTimersByTime(8_100));
    expect(toast()).toBeNull();
  });
});
