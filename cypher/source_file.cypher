// source_file: a source by id, with the file name of its document (null for a reference data set)
// Params:  $id (str)
// Returns: id, title, kind, file
MATCH (s:Source {id: $id})
RETURN s.id AS id, s.title AS title, s.kind AS kind, s.file AS file
