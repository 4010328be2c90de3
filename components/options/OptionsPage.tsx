import { WorkspaceSection } from './WorkspaceSection';
import { ConnectionsSection } from './connections/ConnectionsSection';
import { DiagnosticsSection } from './DiagnosticsSection';
import { ScoringSection } from './ScoringSection';
import { LearnedScoringSection } from './LearnedScoringSection';
import { FrameworkSection } from './FrameworkSection';
import { ImportSection } from './ImportSection';
import { LinkedinSection } from './LinkedinSection';
import { AddingPeopleSection } from './AddingPeopleSection';
import { KeyAccountsSection } from './KeyAccountsSection';
import { LanguageSection } from './LanguageSection';
import { PlacementSection } from './PlacementSection';
import { YouSection } from './YouSection';
import { useEffect } from 'react';
import { useOptionsTranslator } from '../app/DealsideProvider';

export function OptionsPage() {
  const { t } = useOptionsTranslator();
  useEffect(() => {
    document.title = `Dealside — ${t('options')}`;
  }, [t]);
  return (
    <main className="mx-auto max-w-3xl space-y-4 p-6">
      <h1 className="text-xl font-semibold">Dealside · {t('options')}</h1>
      <LanguageSection />
      <PlacementSection />
      <YouSection />
      <WorkspaceSection />
      <ConnectionsSection />
      <FrameworkSection />
      <ScoringSection />
      <LearnedScoringSection />
      <KeyAccountsSection />
      <ImportSection />
      <AddingPeopleSection />
      <LinkedinSection />
      <DiagnosticsSection />
    </main>
  );
}
