"""The question library's Cypher, one query per ``.cypher`` file, loaded by ``kb.catalog``."""
