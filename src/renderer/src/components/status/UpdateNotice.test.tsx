import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeFailure } from '../../test/fake-carrier';
import { fakeMain } from '../../test/fake-main';
import { renderApp } from '../../test/render-app';
import { useTestEnvironment } from '../../test/setup';

const release = { version: '0.2.0', url: 'https://github.com/candil-app/candil/releases/tag/v0.2.0' };

describe('update notice (Spanish)', () => {
  const env = useTestEnvironment('es');

  it('says a newer Candil is available, links its release page for the system browser, and hides on request', async () => {
    fakeMain(env.carrier(), { settings: { language: 'es', checkForUpdates: true }, update: { current: '0.1.0', available: release, checkedAt: 1 } });
    await renderApp();
    const notice = screen.getByRole('region', { name: 'Actualizaciones' });
    expect(within(notice).getByText('Candil 0.2.0 está disponible')).toBeTruthy();
    const link = within(notice).getByRole('link', { name: 'Novedades y descarga' });
    expect(link.getAttribute('href')).toBe(release.url);
    // A new window is what the desktop shell hands to the system browser (main-window.ts).
    expect(link.getAttribute('target')).toBe('_blank');
    // Not a dialog: the rest of the app stays usable around it.
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(within(notice).getByRole('button', { name: 'Ocultar el aviso de actualización' }));
    expect(screen.queryByRole('region', { name: 'Actualizaciones' })).toBeNull();
  });

  it('appears when the check at start answers after the window opened, and not before', async () => {
    fakeMain(env.carrier(), { settings: { language: 'es', checkForUpdates: true } });
    await renderApp();
    expect(screen.queryByRole('region', { name: 'Actualizaciones' })).toBeNull();
    act(() => env.carrier().emit('updates.changed', { current: '0.1.0', available: release, checkedAt: 2 }));
    expect(within(screen.getByRole('region', { name: 'Actualizaciones' })).getByText('Candil 0.2.0 está disponible')).toBeTruthy();
  });
});

describe('Settings → Updates', () => {
  const env = useTestEnvironment('en');

  function openUpdates(): HTMLElement {
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    return within(screen.getByRole('dialog', { name: 'Settings' })).getByRole('group', { name: 'Updates' });
  }

  it('is off by default, Check now waits for the box; ticking it and checking saves the choice and says this is the latest', async () => {
    fakeMain(env.carrier());
    await renderApp();
    const section = openUpdates();
    const box = within(section).getByRole('checkbox', { name: 'Check for updates when Candil starts' }) as HTMLInputElement;
    const checkNow = within(section).getByRole('button', { name: 'Check now' }) as HTMLButtonElement;
    expect(box.checked).toBe(false);
    expect(checkNow.disabled).toBe(true);
    fireEvent.click(box);
    expect(checkNow.disabled).toBe(false);
    expect(env.carrier().callsTo('updates.check')).toEqual([]);
    fireEvent.click(checkNow);
    expect(await within(section).findByText('Candil 0.1.0 is the latest version.')).toBeTruthy();
    expect(env.carrier().callsTo('settings.update')).toEqual([{ checkForUpdates: true }]);
    expect(env.carrier().callsTo('updates.check')).toEqual([{}]);
  });

  it('Check now finding a newer release shows it there and as the notice', async () => {
    fakeMain(env.carrier(), { settings: { checkForUpdates: true }, checkUpdates: () => ({ current: '0.1.0', available: release, checkedAt: 3 }) });
    await renderApp();
    const section = openUpdates();
    fireEvent.click(within(section).getByRole('button', { name: 'Check now' }));
    expect(await within(section).findByText('Candil 0.2.0 is available')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Updates' })).getByRole('link', { name: 'What’s new and download' })).toBeTruthy();
  });

  it('a failed Check now says why in the section, without a toast', async () => {
    fakeMain(env.carrier(), {
      settings: { checkForUpdates: true },
      checkUpdates: () => {
        throw new FakeFailure({ code: 'NETWORK', message: 'GitHub did not answer within 10 s', params: { reason: 'updateTimeout' } });
      },
    });
    await renderApp();
    const section = openUpdates();
    fireEvent.click(within(section).getByRole('button', { name: 'Check now' }));
    expect(await within(section).findByText('GitHub did not answer in time. Try again later.')).toBeTruthy();
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Notifications' })).queryAllByRole('listitem')).toEqual([]));
    expect(screen.queryByRole('region', { name: 'Updates' })).toBeNull();
  });
});
