"""The end-of-shift report at the desk: figures against goals, reflection, PDF/CSV, sign-off."""
