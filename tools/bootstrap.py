"""Create or update the course's virtual environment (.venv), with clear errors.

Run by `make` with the system's python3. Written for old Pythons too, so that a Python that is
too old gets a sentence, not a syntax error.
"""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
MINIMUM = (3, 10)


def fail(sentence):
    sys.stderr.write("\nSet-up stopped: " + sentence + "\n\n")
    sys.exit(1)


def check_python(version=None):
    """Return None if this Python can run the course, else the sentence to show."""
    version = tuple(version or sys.version_info[:2])
    if version < MINIMUM:
        return (
            "the course needs Python %d.%d or newer, but %s is Python %d.%d; install a newer "
            "Python (or use conda: see README.md) and run make again, for example "
            "`make test PYTHON=python3.12`." % (MINIMUM + (sys.executable,) + version[:2])
        )
    return None


def check_venv_module():
    """Return None if venv and ensurepip are available, else the sentence to show."""
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        return (
            "Python's venv module is missing; install it (on Debian/Ubuntu: "
            "`sudo apt install python3-venv`) and run make again."
        )
    return None


def venv_python():
    return os.path.join(VENV, "Scripts" if os.name == "nt" else "bin", "python")


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    extras = argv[0] if argv else "lab,dev"
    for problem in (check_python(), check_venv_module()):
        if problem:
            fail(problem)
    python = venv_python()
    if not os.path.exists(python):
        print("Creating the course environment in .venv ...")
        code = subprocess.call([sys.executable, "-m", "venv", VENV])
        if code != 0 or not os.path.exists(python):
            fail(
                "could not create .venv with `%s -m venv`; on Debian/Ubuntu install "
                "python3-venv, then delete .venv and run make again." % sys.executable
            )
    lock = os.path.join(ROOT, "requirements.lock")
    command = [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    if os.path.exists(lock):
        command += ["--constraint", lock]
    command += ["--editable", ROOT + "[" + extras + "]"]
    print(
        "Installing the course and its pinned packages into .venv (a few minutes the first time) ..."
    )
    sys.stdout.flush()
    if subprocess.call(command) != 0:
        fail(
            "installing the course's packages failed (pip's message is above); check your "
            "network connection and free disk space, then run make again. If a pinned "
            "version is unavailable for your platform, see 'Refreshing the pins' in README.md."
        )
    print("The course environment is ready: .venv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
