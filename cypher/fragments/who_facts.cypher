// Fragment (kb.catalog: a line `// @include who_facts` is replaced by this text): what reaches a
// place through one node n found from it, looked up once per node. In scope: n, ctype (the type of the
// edge from n to the place), above (the place is a container of the territory asked about: a plan's
// actions are then summarised), theme (a theme id, or null). Out: facts, a list of
// {a, r, via, reach, actions}; r null stands for the edge that reached the place, via null for the place.
CALL (n, ctype, above, theme) {
  // Each branch gives (a, r, via, reach, actions); r null stands for the edge that reached the
  // place (c), via null for the place itself. Dispatched on the edge first: most nodes found are
  // actions and actors, which need one branch.
  CALL (n, ctype, above, theme) {
    // actions targeting the place
    WITH * WHERE ctype = 'TARGETS' AND n:Action
    MATCH (a:Actor|Body)-[r:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(n)
    RETURN a, r, n AS via, 'action targets' AS reach, null AS actions
    UNION
    // actors based there
    WITH * WHERE ctype = 'BASED_IN' AND n:Actor
    RETURN n AS a, null AS r, null AS via, 'based in' AS reach, null AS actions
    UNION
    // mandates scoped to the place: the body they are for, and who holds them
    WITH * WHERE ctype = 'SCOPED_TO' AND n:Mandate
    CALL (n) {
      MATCH (b:Body)<-[r:FOR]-(n)
      RETURN b AS a, r
      UNION
      MATCH (a:Actor|Body)-[r:HOLDS]->(n)
      RETURN a, r
    }
    RETURN a, r, n AS via, 'mandate scoped to' AS reach, null AS actions
    UNION
    // events held there, and who organises them
    WITH * WHERE ctype = 'HELD_IN' AND n:Event
    MATCH (a:Actor|Body)-[r:ORGANISES]->(n)
    RETURN a, r, n AS via, 'event held in' AS reach, null AS actions
    UNION
    // what covers the place: a mechanism, a body, a plan
    WITH * WHERE ctype = 'COVERS'
    CALL (n, above, theme) {
      // mechanisms covering the place, and the actors who carry, pilot, join or fund them
      WITH * WHERE n:Mechanism
      MATCH (a:Actor)-[r:CARRIES|PILOTS|ANIMATES|COORDINATES|MEMBER_OF|PARTNER_OF|SUPPORTS|FUNDS]->(n)
      RETURN a, r, n AS via, 'mechanism covers' AS reach, null AS actions
      UNION
      // the mechanisms themselves: a scheme on the place is part of the answer even when no carrier is named
      WITH * WHERE n:Mechanism
      RETURN n AS a, null AS r, n AS via, 'mechanism covers' AS reach, null AS actions
      UNION
      // bodies on the place: covering it, or inside (1-2 levels) a mechanism covering it; the body
      // itself is a row (no actor need be named on it), and so is every actor or body acting on it
      WITH * WHERE n:Body OR n:Mechanism
      CALL (n) {
        WITH * WHERE n:Body
        RETURN n AS b, null AS r, n AS via, 'body covers' AS reach
        UNION
        WITH * WHERE n:Mechanism
        MATCH (b:Body)-[r:PART_OF]->(n)
        RETURN b, r, n AS via, 'mechanism covers' AS reach
        UNION
        WITH * WHERE n:Mechanism
        MATCH (b:Body)-[r:PART_OF]->(:Body)-[:PART_OF]->(n)
        RETURN b, r, n AS via, 'mechanism covers' AS reach
      }
      WITH b, r AS rb, via AS vb, reach
      CALL (b, rb, vb) {
        RETURN b AS a, rb AS r, vb AS via
        UNION
        MATCH (a:Actor|Body)-[r:SITS_ON|MEMBER_OF|ANIMATES|PILOTS|COORDINATES|SUPPORTS]->(b)
        RETURN a, r, b AS via
        UNION
        // the body's mandates (002: the OLS operational team's and temporary governance's)
        MATCH (md:Mandate)-[r:FOR]->(b)
        RETURN b AS a, r, md AS via
      }
      RETURN a, r, via, reach, null AS actions
      UNION
      // actions of a plan covering the place or one of its parts, when the action targets nothing
      // of its own (TARGETS ends at a territory, kb.models: the degree tells, no territory is read)
      WITH * WHERE n:Plan AND NOT above
      MATCH (ac:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(n)
      WHERE NOT EXISTS { (ac)-[:TARGETS]->() }
      MATCH (a:Actor|Body)-[r:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(ac)
      RETURN a, r, ac AS via, 'plan covers' AS reach, null AS actions
      UNION
      // a plan covering a container: its actions that target nothing of their own (and name who acts,
      // as the rows above) are one row, the plan with how many they are (those on the theme asked for),
      // its evidence the plan's COVERS. Listed, a national plan's thousands of actions would be on every
      // commune of France; they are listed on the territory the plan covers (kb who France --scope self)
      WITH * WHERE n:Plan AND above
      WITH n, COUNT {
        MATCH (ac:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(n)
        WHERE NOT EXISTS { (ac)-[:TARGETS]->() }
          AND EXISTS { (:Actor|Body)-[:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(ac) }
          AND (theme IS NULL
               OR EXISTS { MATCH (ac)-[:ADDRESSES]->(:Theme {id: theme}) }
               OR EXISTS { MATCH (ac)-[:UNDER|PART_OF*1..3]->(:Objective)-[:ADDRESSES]->(:Theme {id: theme}) })
      } AS actions
      WHERE actions > 0
      RETURN n AS a, null AS r, n AS via, 'plan actions' AS reach, actions
      UNION
      // plans covering the place: who issues and steers them
      WITH * WHERE n:Plan
      MATCH (a:Actor)-[r:ISSUES|PILOTS|COORDINATES|PARTNER_OF]->(n)
      RETURN a, r, n AS via, 'plan covers' AS reach, null AS actions
    }
    RETURN a, r, via, reach, actions
  }
  // on a theme, a fact stays if what it comes through addresses it (a plan's summary already
  // counted only the actions on the theme); the place itself (via null) is tested per place below
  WITH a, r, via, reach, actions
  WHERE theme IS NULL OR via IS NULL OR actions IS NOT NULL
     OR EXISTS { MATCH (via)-[:ADDRESSES]->(:Theme {id: theme}) }
     OR EXISTS { MATCH (via)-[:UNDER|PART_OF*1..3]->(:Objective)-[:ADDRESSES]->(:Theme {id: theme}) }
  RETURN collect({a: a, r: r, via: via, reach: reach, actions: actions}) AS facts
}
