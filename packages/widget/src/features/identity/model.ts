import { type ReadonlySignal, signal } from '@preact/signals';
import type { AttributeValue, Identity } from '@topay-support/sdk';

export interface IdentityModel {
  readonly identity: ReadonlySignal<Identity | undefined>;
  readonly attributes: ReadonlySignal<Readonly<Record<string, AttributeValue>>>;
  identify(identity: Identity): void;
  /** Merges, so a page can set attributes piece by piece as it learns them. */
  setAttributes(attributes: Record<string, AttributeValue>): void;
  /** Forgets the user and everything set about them, e.g. when they sign out of the merchant's site. */
  logout(): void;
}

export function createIdentityModel(): IdentityModel {
  const identity = signal<Identity | undefined>(undefined);
  const attributes = signal<Readonly<Record<string, AttributeValue>>>({});
  return {
    identity,
    attributes,
    identify(next) {
      identity.value = { ...next };
    },
    setAttributes(next) {
      attributes.value = { ...attributes.peek(), ...next };
    },
    logout() {
      identity.value = undefined;
      attributes.value = {};
    },
  };
}
