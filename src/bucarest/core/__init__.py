"""Core building blocks shared by every capability: countries, dates, geography, errors, i18n."""
