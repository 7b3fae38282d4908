// browse_themes: every theme, by name (for the theme chooser)
// Params:  none
// Returns: id, name
MATCH (t:Theme)
RETURN t.id AS id, t.name AS name
ORDER BY name, id
