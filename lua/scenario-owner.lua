-- scenario-owner: the scenario has an owner (its own or the runbook's)
-- that is a contact in contacts.yaml.
return {
  id = "scenario-owner",
  summary = "every scenario has an owner, its own or the runbook's, that resolves to a contact",
  severity = "error",
  scenario = function(sc, rb)
    local owner = sc.owner_effective
    if not owner then
      rbc.report(sc, "scenario '%s' has no owner; add '**Owner:** <contact>' or 'owner:' to the front matter",
        sc.title)
      return
    end
    if rbc.contact(owner) then return end
    if sc.owner then
      rbc.report(sc.owner_loc or sc, "owner '%s' is not in contacts.yaml", owner)
    elseif not rb.owner then
      rbc.report(sc, "owner '%s' is not in contacts.yaml", owner)
    end
    -- an unresolved runbook owner is reported once, by runbook-owner
  end,
}
