// The architecture's import boundary is enforced by lint; this proves the rule still bites.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

describe('pure core boundary', () => {
  it('rejects browser, storage, UI and clock access in utils/domain and utils/match', async () => {
    const eslint = new ESLint();
    const code = [
      "import { openDB } from 'idb';",
      "import { browser } from 'wxt/browser';",
      "import { useState } from 'react';",
      "import type { Db } from '../store/db';",
      'export const x: [unknown, unknown, unknown, Db | undefined, number, unknown] = [openDB, browser, useState, undefined, Date.now(), document];',
    ].join('\n');
    for (const file of ['utils/domain/example.ts', 'utils/match/example.ts']) {
      const [result] = await eslint.lintText(code, { filePath: file });
      const messages = result!.messages.map((m) => m.ruleId);
      expect(messages.filter((r) => r === 'no-restricted-imports')).toHaveLength(4);
      expect(messages).toContain('no-restricted-properties');
      expect(messages).toContain('no-restricted-globals');
    }
  });

  it('allows the same imports elsewhere', async () => {
    const [result] = await new ESLint().lintText("import { openDB } from 'idb';\nexport const o = openDB;\n", {
      filePath: 'utils/store/example.ts',
    });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});
