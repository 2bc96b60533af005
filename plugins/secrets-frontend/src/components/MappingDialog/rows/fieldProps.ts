/** A field's error state and helper text, from the issue named for its API path. */
export type FieldProps = (path: string) => {
  error: boolean;
  helperText?: string;
};
