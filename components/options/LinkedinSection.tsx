// LinkedIn etiquette: by default nothing is changed in LinkedIn's pages (the side panel shows
// everything). Badges on search results are the user's explicit opt-in.
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { LINKEDIN_BADGES_KEY } from '../../utils/page/preferences';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card } from '../ui/primitives';

export function LinkedinSection() {
  const { t } = useOptionsTranslator();
  const [on, setOn] = useState<boolean>();
  useEffect(() => {
    void browser.storage.local.get(LINKEDIN_BADGES_KEY).then((v) => setOn(v[LINKEDIN_BADGES_KEY] === true));
  }, []);
  return (
    <Card>
      <h2 className="mb-1 text-[15px] font-semibold">LinkedIn</h2>
      <p className="mb-2 text-slate-600">{t('linkedinHint')}</p>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          data-dealside="linkedin-badges"
          disabled={on === undefined}
          checked={on ?? false}
          onChange={(e) => {
            const value = e.target.checked;
            setOn(value);
            void browser.storage.local.set({ [LINKEDIN_BADGES_KEY]: value });
          }}
        />
        {t('linkedinBadges')}
      </label>
    </Card>
  );
}
