import { act, render, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import { VirtuosoMockContext } from 'react-virtuoso';
import { App } from '../App';
import { loadInitial } from '../store/actions';

/** Renders the whole app (virtual lists given a viewport under jsdom) and waits until it is ready. */
export async function renderApp(): Promise<void> {
  render(
    <VirtuosoMockContext.Provider value={{ viewportHeight: 4000, itemHeight: 100 }}>
      <App />
    </VirtuosoMockContext.Provider>,
  );
  await act(() => loadInitial());
  await waitFor(() => expect(document.documentElement.dataset.ready).toBe('true'));
}
