-- scenario-sections: every scenario has non-empty Symptoms, Diagnosis,
-- Recovery and Rollback sections. Points at the scenario heading.
local required = { "symptoms", "diagnosis", "recovery", "rollback" }
local titles = { symptoms = "Symptoms", diagnosis = "Diagnosis", recovery = "Recovery", rollback = "Rollback" }

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
      local sec = found[kind]
      if not sec then
        rbc.report(sc, "scenario '%s' has no %s section; add '### %s'", sc.title, titles[kind], titles[kind])
      elseif sec.empty then
        rbc.report(sc, "scenario '%s': the %s section is empty", sc.title, titles[kind])
      end
    end
  end,
}
