package fr.signalement.agent.ui;

import android.app.AlertDialog;
import android.content.Context;
import android.text.InputType;
import android.widget.EditText;
import android.widget.LinearLayout;

import fr.signalement.agent.R;

/** A small dialog with 1–3 text fields (note, measurement, time spent, material). */
public final class FormDialog {
    public interface OnSubmit {
        /** @return false to keep the dialog open (invalid input) */
        boolean submit(String[] values);
    }

    public static final int TEXT = InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_FLAG_CAP_SENTENCES;
    public static final int MULTILINE = TEXT | InputType.TYPE_TEXT_FLAG_MULTI_LINE;
    public static final int DECIMAL = InputType.TYPE_CLASS_NUMBER | InputType.TYPE_NUMBER_FLAG_DECIMAL;
    public static final int INTEGER = InputType.TYPE_CLASS_NUMBER;

    private static final int[] IDS = {R.id.form_field_1, R.id.form_field_2, R.id.form_field_3};

    private FormDialog() { }

    /** @param fields pairs of (hint string res, input type) */
    public static AlertDialog show(Context c, String title, int[][] fields, OnSubmit onSubmit) {
        LinearLayout box = new LinearLayout(c);
        box.setOrientation(LinearLayout.VERTICAL);
        int pad = Math.round(20 * c.getResources().getDisplayMetrics().density);
        box.setPadding(pad, pad / 2, pad, 0);
        EditText[] edits = new EditText[fields.length];
        for (int i = 0; i < fields.length; i++) {
            EditText e = new EditText(c);
            e.setId(IDS[i]);
            e.setHint(fields[i][0]);
            e.setInputType(fields[i][1]);
            e.setMinHeight(c.getResources().getDimensionPixelSize(R.dimen.touch_target));
            e.setTextSize(18);
            box.addView(e);
            edits[i] = e;
        }
        AlertDialog d = new AlertDialog.Builder(c)
                .setTitle(title)
                .setView(box)
                .setPositiveButton(R.string.ok, null)
                .setNegativeButton(R.string.cancel, null)
                .create();
        d.setOnShowListener(x -> d.getButton(AlertDialog.BUTTON_POSITIVE).setOnClickListener(v -> {
            String[] values = new String[edits.length];
            for (int i = 0; i < edits.length; i++) values[i] = edits[i].getText().toString().trim();
            if (onSubmit.submit(values)) d.dismiss();
            else edits[0].setError(c.getString(R.string.invalid_input));
        }));
        d.show();
        return d;
    }

    /** Parses "2,5" or "2.5"; NaN when invalid. */
    public static double parseNumber(String s) {
        try {
            return Double.parseDouble(s.trim().replace(',', '.'));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
