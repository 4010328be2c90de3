import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { DealsideProvider } from '../../components/app/DealsideProvider';
import { OptionsPage } from '../../components/options/OptionsPage';
import { optionsMessages } from '../../utils/i18n/messages';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DealsideProvider surface="options" dictionary={optionsMessages}>
      <OptionsPage />
    </DealsideProvider>
  </StrictMode>,
);
