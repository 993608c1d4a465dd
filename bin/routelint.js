#!/usr/bin/env node
import '../dist/cli/routelint.js';
