"""Claim matching: sentence embeddings and nearest neighbours over stored claim vectors.

Pure Python + numpy (the embedding model is loaded lazily, once per process); no Django import.
"""
