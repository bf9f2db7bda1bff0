package fr.signalement.agent.ui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import android.content.Context;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.BaseAdapter;
import android.widget.TextView;

import fr.signalement.agent.R;
import fr.signalement.agent.core.Intervention;

/** Rows of the intervention list (already sorted by due time). */
public final class InterventionAdapter extends BaseAdapter {
    private final Context context;
    private List<Intervention> items = new ArrayList<>();
    private Map<Long, Integer> pending = new HashMap<>();
    private Instant now = Instant.now();

    public InterventionAdapter(Context context) {
        this.context = context;
    }

    public void set(List<Intervention> items, Map<Long, Integer> pending, Instant now) {
        this.items = items;
        this.pending = pending;
        this.now = now;
        notifyDataSetChanged();
    }

    @Override public int getCount() { return items.size(); }
    @Override public Intervention getItem(int position) { return items.get(position); }
    @Override public long getItemId(int position) { return items.get(position).id(); }
    @Override public boolean hasStableIds() { return true; }

    @Override
    public View getView(int position, View convertView, ViewGroup parent) {
        View v = convertView != null ? convertView
                : LayoutInflater.from(context).inflate(R.layout.item_intervention, parent, false);
        Intervention i = getItem(position);
        v.findViewById(R.id.item_due_strip).setBackgroundColor(DueColors.color(context, i));
        ((TextView) v.findViewById(R.id.item_title)).setText(i.categoryLabel());
        String address = i.place();
        ((TextView) v.findViewById(R.id.item_address)).setText(address);
        String due = Format.due(context, i.dueAt(), now);
        if (!i.isResolved()) due += " · " + Format.dueStatus(context, i.dueStatus());
        ((TextView) v.findViewById(R.id.item_due)).setText(due);
        String status = i.statusLabel();
        Integer n = pending.get(i.id());
        if (n != null && n > 0) status += " · " + context.getString(R.string.pending_badge, n);
        ((TextView) v.findViewById(R.id.item_status)).setText(status);
        return v;
    }
}
