"""Evidence handling: safe image decoding, hashes, transcripts."""
