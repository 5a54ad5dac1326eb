# Warnings every Candor target is built with; -Werror too unless CANDOR_WERROR=OFF.
function(candor_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
  if(CANDOR_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# candor_add_test(name SOURCES a.cpp b.cpp LIBS lib1 lib2 [LABELS l] [ENV VAR=value ...] [PREFIX p.])
# One GoogleTest executable registered with ctest; tests run from the source tree's
# root so that fixture paths like tests/data/... and ../shared/data/... resolve.
# PREFIX goes before every ctest name, so that `ctest -R cli` can pick one suite.
function(candor_add_test name)
  cmake_parse_arguments(T "" "PREFIX" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  candor_set_warnings(${name})
  target_compile_definitions(${name} PRIVATE CANDOR_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  include(GoogleTest)
  gtest_discover_tests(${name}
    TEST_PREFIX "${T_PREFIX}"
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS "${T_LABELS}" ENVIRONMENT "QT_QPA_PLATFORM=offscreen;${T_ENV}"
    DISCOVERY_TIMEOUT 60)
endfunction()
