/*
 * The Backstage backend used for the local demo and the integration tests.
 * It runs the secrets backend plugin next to the core plugins it relies on:
 * auth (who is calling), catalog (who owns what) and permission.
 */

// First: the metrics provider must exist before any plugin takes a meter.
import './metricsExporter';
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the frontend bundle from packages/app in production builds.
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Guest sign-in is mapped to a real catalog user in app-config.yaml, so
// ownership in the demo comes from the example catalog.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
// Logs catalog processing errors, e.g. a broken example entity file.
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Secrets permissions follow catalog ownership; everything else stays allowed.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicy'));

// Backstage's Kubernetes plugin reads the same kubernetes.clusterLocatorMethods as the
// secrets engine; the two run side by side, and the Secrets tab links to its tab.
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@backstage-secrets/plugin-secrets-backend'));
// Owners hear of their mappings failing, recovering, leases ending unrenewed and orphans
// through Backstage's notifications; signals push them to open browsers at once.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
