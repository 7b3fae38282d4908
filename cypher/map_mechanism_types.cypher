// map_mechanism_types: the codes of the mechanism types that have at least one scheme, for the map's type chooser
// Params:  none
// Returns: code
MATCH (mt:MechanismType)
WHERE mt.code IS NOT NULL AND EXISTS { (mt)<-[:OF_TYPE]-(:Mechanism) }
RETURN mt.code AS code
ORDER BY code
