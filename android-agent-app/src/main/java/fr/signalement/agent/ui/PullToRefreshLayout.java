package fr.signalement.agent.ui;

import android.content.Context;
import android.util.AttributeSet;
import android.view.MotionEvent;
import android.view.View;
import android.view.ViewConfiguration;
import android.widget.FrameLayout;

/**
 * Pull-to-refresh without AndroidX's SwipeRefreshLayout (not on Maven Central): dragging down when
 * the list is at its top by more than 80 dp calls the listener.
 */
public final class PullToRefreshLayout extends FrameLayout {
    public interface OnRefreshListener {
        void onRefresh();
    }

    private final int touchSlop;
    private final float threshold;
    private OnRefreshListener listener;
    private float downY;
    private boolean dragging;

    public PullToRefreshLayout(Context context, AttributeSet attrs) {
        super(context, attrs);
        touchSlop = ViewConfiguration.get(context).getScaledTouchSlop();
        threshold = 80 * context.getResources().getDisplayMetrics().density;
    }

    public void setOnRefreshListener(OnRefreshListener l) {
        listener = l;
    }

    /** Same as a completed pull gesture. */
    public void triggerRefresh() {
        if (listener != null) listener.onRefresh();
    }

    private boolean contentAtTop() {
        for (int i = 0; i < getChildCount(); i++) {
            View c = getChildAt(i);
            if (c.getVisibility() == VISIBLE && c.canScrollVertically(-1)) return false;
        }
        return true;
    }

    @Override
    public boolean onInterceptTouchEvent(MotionEvent ev) {
        switch (ev.getActionMasked()) {
            case MotionEvent.ACTION_DOWN:
                downY = ev.getY();
                dragging = false;
                break;
            case MotionEvent.ACTION_MOVE:
                if (!dragging && ev.getY() - downY > touchSlop && contentAtTop()) dragging = true;
                break;
            default:
                break;
        }
        return dragging;
    }

    @Override
    public boolean onTouchEvent(MotionEvent ev) {
        switch (ev.getActionMasked()) {
            case MotionEvent.ACTION_MOVE:
                if (dragging) setTranslationY(Math.min(threshold * 1.5f, Math.max(0, ev.getY() - downY) / 2));
                return true;
            case MotionEvent.ACTION_UP:
            case MotionEvent.ACTION_CANCEL:
                boolean fire = dragging && ev.getY() - downY > threshold && ev.getActionMasked() == MotionEvent.ACTION_UP;
                dragging = false;
                animate().translationY(0).setDuration(150).start();
                if (fire) triggerRefresh();
                return true;
            default:
                return true;
        }
    }
}
