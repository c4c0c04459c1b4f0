#!/usr/bin/env python3
"""placeholder"""
from lib import collect_tests, main

if __name__ == "__main__":
    main(collect_tests(globals()))
