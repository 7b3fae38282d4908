// stats_seed_fingerprint: the fingerprint of the extracts last loaded (none when the graph was never loaded)
// Params:  none
// Returns: fp
MATCH (l:SeedLock {id: 'seed'})
RETURN l.fingerprint AS fp
