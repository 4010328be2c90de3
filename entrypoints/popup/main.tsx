import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { DealsideProvider } from '../../components/app/DealsideProvider';
import { PopupPage } from '../../components/popup/PopupPage';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DealsideProvider surface="popup">
      <PopupPage />
    </DealsideProvider>
  </StrictMode>,
);
