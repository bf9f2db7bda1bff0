import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Page-load timing on the 100,000-alert benchmark database (bench/console/run.sh starts the backend).
export default defineConfig({ ...base, testDir: 'bench', reporter: [['list']], expect: { timeout: 60_000 } });
