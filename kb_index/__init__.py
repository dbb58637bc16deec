"""The knowledge base of each client: ingestion, embeddings, a FAISS index per client, hybrid search.

Built by the knowledge-base issue; the package exists now so that the layout and the import
contracts are in place from the start.
"""
