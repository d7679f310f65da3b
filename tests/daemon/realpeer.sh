#!/usr/bin/env bash
echo "realpeer: not written yet"; exit 77
