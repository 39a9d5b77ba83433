-- runbook-owner: the front matter names an owner that is a contact.
return {
  id = "runbook-owner",
  summary = "every runbook's front matter names an owner that is in contacts.yaml",
  severity = "error",
  runbook = function(rb)
    if not rb.owner then
      rbc.report(rb, "runbook has no owner; add 'owner: <contact id>' to the front matter")
    elseif not rbc.contact(rb.owner) then
      rbc.report(rb.owner_loc or rb, "owner '%s' is not in contacts.yaml; add it there or fix the id", rb.owner)
    end
  end,
}
