"""Cross-source linking: counterparts of a claim in other articles, the Claim map's clusters, figures and quotes."""
