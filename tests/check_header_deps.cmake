# Asks the compiler which files each public header pulls in (-M) and fails if any header outside
# include/rapport/interop/ reaches Boost or Eigen. Run with -DCXX= -DINCLUDE_DIR= -DC_INCLUDE_DIR=.
file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/rapport/*.hpp" "${INCLUDE_DIR}/rapport/*.h")
set(bad "")
set(checked 0)
foreach(h IN LISTS headers)
  if(h MATCHES "^rapport/interop/")
    continue()
  endif()
  execute_process(
    COMMAND "${CXX}" -std=c++17 -x c++ -M -I "${INCLUDE_DIR}" -I "${C_INCLUDE_DIR}" "${INCLUDE_DIR}/${h}"
    OUTPUT_VARIABLE deps ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${h} does not compile on its own:\n${err}")
  endif()
  if(deps MATCHES "/boost/" OR deps MATCHES "/[Ee]igen3?/")
    list(APPEND bad "${h}")
  endif()
  math(EXPR checked "${checked} + 1")
endforeach()
if(bad)
  message(FATAL_ERROR "public headers that include Boost or Eigen: ${bad}")
endif()
message(STATUS "${checked} public headers, none includes Boost or Eigen")
