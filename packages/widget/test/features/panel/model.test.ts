import { describe, expect, test, vi } from 'vitest';
import { createPanelModel } from '../../../src/features/panel/model.js';

describe('panel model', () => {
  test('announces open and close only when the state changes', () => {
    const onOpen = vi.fn();
    const onClose = vi.fn();
    const panel = createPanelModel({ inline: false, onOpen, onClose });
    panel.close();
    panel.open();
    panel.open();
    panel.toggle();
    expect([onOpen.mock.calls.length, onClose.mock.calls.length]).toEqual([1, 1]);
  });

  test('show opens on the view and asks for focus; showing while open only moves focus', () => {
    const panel = createPanelModel({ inline: false, onOpen: vi.fn(), onClose: vi.fn() });
    panel.show('chat');
    expect([panel.isOpen.value, panel.view.value, panel.focusRequest.value]).toEqual([true, 'chat', 1]);
    panel.show('help');
    expect([panel.view.value, panel.focusRequest.value]).toEqual(['help', 2]);
  });

  test('an inline panel starts open, never closes and never takes focus by itself', () => {
    const onClose = vi.fn();
    const panel = createPanelModel({ inline: true, onOpen: vi.fn(), onClose });
    panel.close();
    panel.toggle();
    expect(panel.isOpen.value).toBe(true);
    expect(panel.focusRequest.value).toBe(0);
    expect(onClose).not.toHaveBeenCalled();
  });
});
