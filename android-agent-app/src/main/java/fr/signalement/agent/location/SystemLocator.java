package fr.signalement.agent.location;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import android.Manifest;
import android.content.Context;
import android.content.pm.PackageManager;
import android.location.Location;
import android.location.LocationListener;
import android.location.LocationManager;
import android.os.Bundle;
import android.os.Looper;

/** {@link Locator} on the platform LocationManager (GPS + network), no Play services needed. */
public final class SystemLocator implements Locator, LocationListener {
    private static final long MAX_AGE_MS = 2 * 60_000;

    private final Context context;
    private final LocationManager manager;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Location best;

    public SystemLocator(Context context) {
        this.context = context.getApplicationContext();
        this.manager = (LocationManager) this.context.getSystemService(Context.LOCATION_SERVICE);
    }

    private boolean permitted() {
        return context.checkSelfPermission(Manifest.permission.ACCESS_FINE_LOCATION) == PackageManager.PERMISSION_GRANTED
                || context.checkSelfPermission(Manifest.permission.ACCESS_COARSE_LOCATION) == PackageManager.PERMISSION_GRANTED;
    }

    @Override
    public Fix lastFix() {
        if (manager != null && permitted()) {
            for (String p : new String[] {LocationManager.GPS_PROVIDER, LocationManager.NETWORK_PROVIDER}) {
                try {
                    Location l = manager.getLastKnownLocation(p);
                    if (l != null) consider(l);
                } catch (SecurityException | IllegalArgumentException ignored) {
                    // provider missing or permission revoked
                }
            }
        }
        Location l = best;
        return l == null ? null : new Fix(l.getLatitude(), l.getLongitude(), l.hasAccuracy() ? l.getAccuracy() : -1, l.getTime());
    }

    private void consider(Location l) {
        Location b = best;
        boolean newer = b == null || l.getTime() > b.getTime() + MAX_AGE_MS;
        boolean better = b == null || !b.hasAccuracy() || (l.hasAccuracy() && l.getAccuracy() <= b.getAccuracy());
        if (newer || (better && l.getTime() >= b.getTime() - MAX_AGE_MS)) best = l;
    }

    @Override
    public void start(Listener listener) {
        listeners.add(listener);
        if (manager == null || !permitted() || listeners.size() > 1) return;
        for (String p : new String[] {LocationManager.GPS_PROVIDER, LocationManager.NETWORK_PROVIDER}) {
            try {
                if (manager.isProviderEnabled(p)) manager.requestLocationUpdates(p, 5_000, 5, this, Looper.getMainLooper());
            } catch (SecurityException | IllegalArgumentException ignored) {
                // provider missing or permission revoked
            }
        }
    }

    @Override
    public void stop(Listener listener) {
        listeners.remove(listener);
        if (listeners.isEmpty() && manager != null) manager.removeUpdates(this);
    }

    @Override
    public void onLocationChanged(Location location) {
        consider(location);
        Fix f = lastFix();
        if (f != null) for (Listener l : listeners) l.onFix(f);
    }

    @Override public void onStatusChanged(String provider, int status, Bundle extras) { }
    @Override public void onProviderEnabled(String provider) { }
    @Override public void onProviderDisabled(String provider) { }
}
