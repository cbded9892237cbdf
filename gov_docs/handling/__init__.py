"""公文办理: routing suggestions (拟办) and archiving suggestions (归档), from editable rule files."""
