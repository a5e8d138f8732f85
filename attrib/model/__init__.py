"""The quote model: base encoder, tagger, decoding and the QuoteModel API."""
