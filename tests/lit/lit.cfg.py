# lit configuration for cnnc's command-line tests (FileCheck on printed IR and diagnostics).
import os
import shutil
import subprocess
import tempfile

import lit.formats

config.name = 'cnnc'
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = ['.cnn', '.mlir', '.test']
config.excludes = ['Inputs']
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.cnnc_obj_root, 'tests', 'lit')

# The tools under test and LLVM's FileCheck, not and count, found by name in RUN lines.
config.environment['PATH'] = os.pathsep.join(
    [config.cnnc_tools_dir, config.cnn_tools_dir, config.test_tools_dir, config.llvm_tools_dir,
     config.environment.get('PATH', os.environ.get('PATH', ''))])
config.substitutions.append(('%examples', config.examples_dir))
config.substitutions.append(('%cnnrt-lib', config.runtime_lib_dir))
config.substitutions.append(('%cnnrt-include', config.runtime_include_dir))
config.substitutions.append(('%cnnrt-link', config.runtime_link_flags))
config.substitutions.append(('%models', config.models_dir))
# A mount namespace of a test's own, where it can fill a small disk (tmpfs) to the brim.
probe = tempfile.mkdtemp()
if subprocess.run(['unshare', '-rm', 'mount', '-t', 'tmpfs', 'probe', probe],
                  capture_output=True).returncode == 0:
    config.available_features.add('full-disk')
os.rmdir(probe)
config.substitutions.append(
    ('%on-full-disk', 'unshare -rm python3 ' +
     os.path.join(config.test_source_root, 'tools', 'Inputs', 'on_full_disk.py')))
# The book's published Keras files sit beside the checkout; tests that need them say so.
if os.path.isfile(os.path.join(config.models_dir, 'best-cnn-model.keras')):
    config.available_features.add('book-models')
config.substitutions.append(('%inputs', os.path.join(config.test_source_root, 'Inputs')))
config.substitutions.append(
    ('%expect-exit', os.path.join(config.test_source_root, 'Inputs', 'expect-exit')))
config.substitutions.append(
    ('%memory-below', os.path.join(config.test_source_root, 'Inputs', 'memory-below')))
config.substitutions.append(('%cnn-binary', os.path.join(config.cnn_tools_dir, 'cnn')))
# Open MPI's launcher, allowed to run as root (CI's user) and to start more ranks than cores.
# Under AddressSanitizer the ranks do not look for leaks: Open MPI's components leak and are
# unloaded before LeakSanitizer looks, so no suppression can name them. Every other error still
# stops a rank.
mpirun = 'mpirun --allow-run-as-root --oversubscribe'
if 'ASAN_OPTIONS' in os.environ:
    mpirun = 'env ASAN_OPTIONS=%s:detect_leaks=0 %s' % (os.environ['ASAN_OPTIONS'], mpirun)
config.substitutions.append(('%mpirun', mpirun))
config.substitutions.append(('%npy', 'python3 ' + config.scripts_dir + '/npy.py'))
config.substitutions.append(('%idx', 'python3 ' + config.scripts_dir + '/idx.py'))
# The shell scripts under test: the source tree's, or another setup.sh given with
# `--param setup_script=FILE` (to show a test red on an older one).
config.substitutions.append(('%src', config.source_dir))
config.substitutions.append(
    ('%setup-script',
     lit_config.params.get('setup_script', os.path.join(config.scripts_dir, 'setup.sh'))))

# cnnc's compile cache lives in the build tree, never in $HOME, and starts empty on every run so
# that the tests compile for real (tests compiling the same kernels still share them).
cache_dir = os.path.join(config.test_exec_root, 'cnnc-cache')
shutil.rmtree(cache_dir, ignore_errors=True)
config.environment['CNNC_CACHE_DIR'] = cache_dir

# The compiler cnnc links with (CC, CXX) and sanitizer settings reach the tools under test.
for name in ['CC', 'CXX', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS', 'LD_PRELOAD',
             'HL_COMPILER_STACK_SIZE']:
    if name in os.environ:
        config.environment[name] = os.environ[name]
