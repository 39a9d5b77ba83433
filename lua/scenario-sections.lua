-- scenario-sections: every scenario has a non-empty section of each kind
-- the format requires (rbc.sections(): Symptoms, Diagnosis, Recovery and
-- Rollback). Points at the scenario heading.
local required = {}
for _, kind in ipairs(rbc.sections()) do
  if kind.required then required[#required + 1] = kind end
end

return {
  id = "scenario-sections",
  summary = "every scenario has non-empty Symptoms, Diagnosis, Recovery and Rollback sections",
  severity = "error",
  scenario = function(sc)
    local found = {}
    for _, sec in ipairs(sc.sections) do
      if not found[sec.kind] or found[sec.kind].empty then found[sec.kind] = sec end
    end
    for _, kind in ipairs(required) do
      local sec = found[kind.name]
      if not sec then
        rbc.report(sc, "scenario '%s' has no %s section; add '### %s'", sc.title, kind.title, kind.title)
      elseif sec.empty then
        rbc.report(sc, "scenario '%s': the %s section is empty", sc.title, kind.title)
      end
    end
  end,
}
