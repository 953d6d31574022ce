# The libFuzzer targets, built on their own with clang (included by the top-level CMakeLists.txt
# when P15_FUZZ=ON, which then builds nothing else):
#   cmake -S . -B build-fuzz -DP15_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ && cmake --build build-fuzz
# Only the project's own code is instrumented (coverage + ASan + UBSan); cpprestsdk's JSON parser
# and yaml-cpp are Debian's shared libraries, so their insides are exercised but not guided.
set(P15_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer)

# The pure domain core plus the parsers: no MariaDB, HTTP server, metrics or logging.
file(GLOB P15_FUZZ_CORE_SRC CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/service/core/*.cpp)
add_library(p15_fuzz_code STATIC ${P15_FUZZ_CORE_SRC}
  ${CMAKE_SOURCE_DIR}/service/config/config.cpp
  ${CMAKE_SOURCE_DIR}/service/config/config_rules.cpp
  ${CMAKE_SOURCE_DIR}/service/config/config_settings.cpp
  ${CMAKE_SOURCE_DIR}/service/config/tariff_file.cpp
  ${CMAKE_SOURCE_DIR}/service/config/time_zones.cpp
  ${CMAKE_SOURCE_DIR}/service/store/json_fields.cpp
  ${CMAKE_SOURCE_DIR}/service/store/powerwall_json.cpp
  ${CMAKE_SOURCE_DIR}/service/store/vehicle_json.cpp
  ${CMAKE_SOURCE_DIR}/service/store/features_json.cpp)
target_include_directories(p15_fuzz_code PUBLIC ${CMAKE_SOURCE_DIR})
# The library gets coverage and sanitizers but not libFuzzer's main(); the targets link it.
target_compile_options(p15_fuzz_code PUBLIC -fsanitize=fuzzer-no-link,address,undefined
  -fno-sanitize-recover=all -fno-omit-frame-pointer)
# GLPK: the planner's linear program is in the core (service/core/planner_lp.h).
find_library(P15_FUZZ_GLPK glpk REQUIRED)
target_link_libraries(p15_fuzz_code PUBLIC cpprestsdk::cpprest yaml-cpp date::date-tz
  ${P15_FUZZ_GLPK})

set(P15_FUZZ_TARGETS powerwall_json vehicle_json config decision)
foreach(t ${P15_FUZZ_TARGETS})
  add_executable(p15-fuzz-${t} ${CMAKE_SOURCE_DIR}/tests/fuzz/${t}_fuzz.cpp)
  target_compile_options(p15-fuzz-${t} PRIVATE ${P15_FUZZ_FLAGS})
  target_link_options(p15-fuzz-${t} PRIVATE ${P15_FUZZ_FLAGS})
  target_link_libraries(p15-fuzz-${t} PRIVATE p15_fuzz_code)
endforeach()
