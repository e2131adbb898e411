"""Independence of origins (DESIGN.md rule 12), and how the product words it.

Two origins are independent when neither is affiliated with the other, following
`Source.affiliation` through its chain, and they share no affiliation. Each source has at
most one affiliation and `claims.registry` refuses a chain that loops, so affiliations form
trees: a source's chain climbs to exactly one top, and two chains meet exactly when they
end at the same top (once they meet they climb together). So two origins are independent
exactly when the tops of their chains differ; `Source.independence_key` is that top (kept in
`Source.affiliation_root` by the registry) or the source itself. Counting independent
origins is counting distinct keys: a claim citing Yuri Ushakov (→ the Kremlin → the
Government of Russia) and TASS (→ the Government of Russia) rests on one.

Relays (`Citation.via`) are not origins: two reports that both relay KCNA are one source.
The functions take anything with `pk` and `independence_key` (a Source, or the reader's
plain rows).
"""


def independent_origins(origins):
    """How many of `origins` are independent of one another."""
    return len({origin.independence_key for origin in origins})


def describe(origins):
    """“2 independent origins”, “1 origin”, “2 origins, not independent”, “No origin”."""
    independent = independent_origins(origins)
    distinct = len({origin.pk for origin in origins})
    if not distinct:
        return "No origin"
    if distinct == 1:
        return "1 origin"
    if independent == 1:
        return f"{distinct} origins, not independent"
    if independent == distinct:
        return f"{independent} independent origins"
    return f"{distinct} origins, {independent} independent"
