// console_builtin_functions: the names of the server's built-in functions (the console allows only these)
// Params:  none
// Returns: name
SHOW FUNCTIONS YIELD name, isBuiltIn
WHERE isBuiltIn
RETURN name
