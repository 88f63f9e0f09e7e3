#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build`); nothing is compiled at run time.
import { main } from '../dist/cli/main.js'

process.exitCode = await main(process.argv.slice(2))
