"""Understanding each article: language, entities, quotes, category, keywords, lemmas."""
