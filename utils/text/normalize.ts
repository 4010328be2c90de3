// Normalisers for matching people and companies (pure), one file per kind of value. The lookup
// keys (nameKey, emailKey, linkedinKey, domainKey, companyKey) are also the store's: keep their
// meaning stable.
export * from './keys';
export * from './fold';
export * from './personName';
export * from './email';
export * from './phone';
export * from './company';
