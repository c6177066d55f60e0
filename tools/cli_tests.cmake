# Tests of the `rapport` tool (issue 13), run by tests/cli_check.py from the source directory:
# golden outputs on the demo export for every command and format, every error path with its
# file:line:column and exit status, quoted CSV, plots parsed as SVG and PNG, atomic output, and a
# calibrate -> score round trip. RAPPORT_UPDATE_GOLDEN=1 ctest -R tool_golden rewrites the goldens.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
set(_check ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/cli_check.py)
set(_golden ${CMAKE_CURRENT_SOURCE_DIR}/testdata/golden)
set(_demo --log examples/data/demo_interactions.csv --contacts examples/data/demo_contacts.csv --now 2026-11-25T09:00:00Z)
set(_td tools/testdata)

function(rapport_cli_test name mode)
  add_test(NAME tool_${name} COMMAND ${_check} ${mode} $<TARGET_FILE:rapport_cli> ${ARGN} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  # Under the asan preset: fontconfig's process-long caches are not our leak (tools/lsan.supp).
  set_tests_properties(tool_${name} PROPERTIES ENVIRONMENT "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_SOURCE_DIR}/lsan.supp")
endfunction()

foreach(format table csv json)
  rapport_cli_test(golden_score_${format} golden ${_golden}/score.${format} -- score ${_demo} --reasons --format ${format})
  rapport_cli_test(golden_recommend_${format} golden ${_golden}/recommend.${format} -- recommend ${_demo} --format ${format})
  rapport_cli_test(golden_explain_${format} golden ${_golden}/explain.${format} -- explain priya.raman ${_demo} --format ${format})
endforeach()
rapport_cli_test(golden_recommend_due_within golden ${_golden}/recommend_due_within.table -- recommend ${_demo} --due-within 1)
rapport_cli_test(golden_quoted_export golden ${_golden}/quoted_export.csv --
                 recommend --log ${_td}/quoted_export.csv --contacts ${_td}/quoted_contacts.csv --now 2026-11-25T09:00:00Z
                 --columns contact=Email,at=Date,channel=Type,direction=Dir --format csv --reasons)
rapport_cli_test(golden_skip_bad_rows golden ${_golden}/skip_bad_rows.table --
                 score --log ${_td}/some_bad_rows.csv --now 2026-02-01T00:00:00Z --skip-bad-rows --quiet)
rapport_cli_test(skip_bad_rows_reports fails 0 "skipped 3 bad rows [(]1 bad time, 1 unknown channel, 1 unknown direction[)].*some_bad_rows.csv:3:5: .*some_bad_rows.csv:4:25: unknown channel.*some_bad_rows.csv:6:31: direction"
                 -- score --log ${_td}/some_bad_rows.csv --now 2026-02-01T00:00:00Z --skip-bad-rows --output /dev/null)

# Bad input: exit status 1 and file:line:column.
rapport_cli_test(error_bad_time fails 1 "bad_time.csv:3:5: time \"2026-13-02T10:00:00Z\"" -- score --log ${_td}/bad_time.csv)
rapport_cli_test(error_bad_direction fails 1 "bad_direction.csv:2:32: direction must be outbound, inbound or mutual" -- score --log ${_td}/bad_direction.csv)
rapport_cli_test(error_unterminated_quote fails 1 "unterminated_quote.csv:3:1: quoted field is never closed" -- score --log ${_td}/unterminated_quote.csv)
rapport_cli_test(error_text_after_quote fails 1 "text_after_quote.csv:2:6: unexpected text after a closing quote" -- score --log ${_td}/text_after_quote.csv)
rapport_cli_test(error_missing_column fails 1 "missing_column.csv:1:1: the header has no column \"contact\".*--columns contact=NAME" -- score --log ${_td}/missing_column.csv)
rapport_cli_test(error_missing_field fails 1 "missing_field.csv:2:26: expected at least 4 fields, got 3" -- score --log ${_td}/missing_field.csv)
rapport_cli_test(error_contacts_zone fails 1 "contacts_bad_zone.csv:2:9: .*Mars/Olympus" -- score --log examples/data/contacts.csv --contacts ${_td}/contacts_bad_zone.csv)
rapport_cli_test(error_contacts_quiet fails 1 "contacts_bad_quiet.csv:2:5: \"8pm\" is not a time of day HH:MM" -- score --log examples/data/contacts.csv --contacts ${_td}/contacts_bad_quiet.csv)
rapport_cli_test(error_contacts_period fails 1 "contacts_bad_period.csv:2:5: do-not-contact period .* ends before it starts" -- score --log examples/data/contacts.csv --contacts ${_td}/contacts_bad_period.csv)
rapport_cli_test(error_missing_file fails 1 "no_such_file.csv: cannot open the file" -- score --log ${_td}/no_such_file.csv)
rapport_cli_test(error_unknown_contact fails 1 "no contact \"nobody\"" -- explain nobody ${_demo})
# Usage errors: exit status 2, the flag named.
rapport_cli_test(usage_unknown_flag fails 2 "--frobnicate" -- score ${_demo} --frobnicate)
rapport_cli_test(usage_unknown_command fails 2 "unknown command \"frobnicate\"" -- frobnicate)
rapport_cli_test(usage_no_command fails 2 "a command is required.*Usage: rapport" -- --now 2026-11-25)
rapport_cli_test(usage_bad_format fails 2 "--format" -- score ${_demo} --format xml)
rapport_cli_test(usage_bad_now fails 2 "--now: time \"yesterday\"" -- score --log ${_td}/bad_time.csv --now yesterday)
rapport_cli_test(usage_bad_columns fails 2 "--columns: \"email\" is not KEY=HEADER" -- score ${_demo} --columns email)
rapport_cli_test(usage_bad_due_within fails 2 "--due-within" -- recommend ${_demo} --due-within 7days)
add_test(NAME tool_help COMMAND rapport_cli --help)
set_tests_properties(tool_help PROPERTIES PASS_REGULAR_EXPRESSION "score, warmth.*recommend.*explain.*Examples:")
foreach(sub score recommend explain plot calibrate evaluate)
  add_test(NAME tool_help_${sub} COMMAND rapport_cli ${sub} --help)
  set_tests_properties(tool_help_${sub} PROPERTIES PASS_REGULAR_EXPRESSION "Usage: .*${sub}.*Example:")
endforeach()
add_test(NAME tool_version COMMAND rapport_cli --version)
set_tests_properties(tool_version PROPERTIES PASS_REGULAR_EXPRESSION "^rapport [0-9]+\\.[0-9]+\\.[0-9]+")

rapport_cli_test(atomic_output atomic -- recommend ${_demo} --format csv)

# Plots: parsed as SVG (XML, root <svg>, width and height) and PNG (signature, chunk CRCs, IHDR size, inflating IDAT).
rapport_cli_test(plot_svg plot 900 420 svg -- plot priya.raman ${_demo})
rapport_cli_test(plot_png plot 640 300 png -- plot tom.becker ${_demo} --width 640 --height 300)
rapport_cli_test(plot_rejects_extension fails 2 "must end in .svg or .png" -- plot priya.raman ${_demo} -o curve.gif)

# The accuracy harness on the demo export, and a calibrate -> score round trip.
foreach(format table json)
  rapport_cli_test(golden_evaluate_${format} golden ${_golden}/evaluate.${format} -- evaluate ${_demo} --format ${format})
endforeach()
rapport_cli_test(calibrate_then_score roundtrip -- ${_demo})

# Streaming: one contact at a time from a file whose contacts' rows are together gives the same
# output as reading it into memory; an ungrouped file falls back to memory, or says what it needs.
set(_grouped --log ${_td}/demo_grouped.csv --contacts examples/data/demo_contacts.csv --now 2026-11-25T09:00:00Z --stream)
rapport_cli_test(stream_score golden ${_golden}/score.table -- score ${_grouped} --reasons)
rapport_cli_test(stream_recommend golden ${_golden}/recommend.table -- recommend ${_grouped})
rapport_cli_test(stream_falls_back golden ${_golden}/recommend.table -- recommend ${_demo} --stream)
rapport_cli_test(stream_says_memory_needed fails 1 "demo_interactions.csv: the rows of each contact are not together.*needs about [0-9]+ MB [(]--max-memory is 0.001[)]"
                 -- recommend ${_demo} --stream --max-memory 0.001)

# An output path that is a device is written in place, never renamed over (as root, "-o /dev/null"
# once replaced the device with a regular file).
add_test(NAME tool_output_to_a_device_keeps_the_device
  COMMAND bash -c "\"$<TARGET_FILE:rapport_cli>\" score --log \"${PROJECT_SOURCE_DIR}/examples/data/contacts.csv\" --now 2026-11-25T09:00:00Z --output /dev/null && test -c /dev/null")
